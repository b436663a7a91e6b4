;; command.wasm: every export of the ABI, but built as a WASI command (it
;; exports _start and no _initialize), as a Go guest built without
;; -buildmode=c-shared is. The host must refuse it at load and say how to
;; build it.
;;
;; Build: wat2wasm command.wat -o command.wasm
(module
  (memory (export "memory") 1)
  (func (export "_start"))
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
