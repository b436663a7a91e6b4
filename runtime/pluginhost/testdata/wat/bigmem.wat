;; bigmem.wasm: declares 20 pages of initial memory. Loaded with
;; memory_pages below 20, the host must refuse it.
;;
;; Build: wat2wasm bigmem.wat -o bigmem.wasm
(module
  (memory (export "memory") 20)
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
