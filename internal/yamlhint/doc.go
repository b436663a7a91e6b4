// Package yamlhint helps a person fix a YAML file that a strict decoder
// refused for an unknown key: it finds the known key they most likely meant
// ("adr" → "addr", "tokn" → "token", "adress" → "address").
package yamlhint
