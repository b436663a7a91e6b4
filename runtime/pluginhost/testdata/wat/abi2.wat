;; abi2.wasm: a guest built for ABI version 2. The host must refuse it.
;;
;; Build: wat2wasm abi2.wat -o abi2.wasm
(module
  (memory (export "memory") 1)
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
