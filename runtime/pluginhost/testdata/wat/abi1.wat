;; abi1.wasm: a guest built for ABI version 1, which expected the business in
;; every render. The host must refuse it.
;;
;; Build: wat2wasm abi1.wat -o abi1.wasm
(module
  (memory (export "memory") 1)
  (func (export "accueil_abi_version") (result i32) (i32.const 1))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
