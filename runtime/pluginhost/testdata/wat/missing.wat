;; missing.wasm: no accueil_render export, and accueil_alloc has the wrong
;; signature. The host must refuse it at load, listing both problems.
;;
;; Build: wat2wasm missing.wat -o missing.wasm
(module
  (memory (export "memory") 1)
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
)
