// Package business reads a business file: the YAML an owner writes to
// describe their business (identity, opening hours, public holidays and
// closures, services, staff, booking policy, FAQ, handoff, web widget
// origins). [Parse] decodes strictly (unknown keys are errors) and
// [Business.Validate] lists every problem with its YAML path. [Demo]
// returns Salon Lumière, the demo business of examples/salon-lumiere.yaml.
//
// A *Business is immutable after Parse and safe for concurrent use.
package business
