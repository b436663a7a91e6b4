;; initerr.wasm: accueil_init always fails with "auth_token is required".
;; The host must refuse to load it and report that message.
;;
;; Build: wat2wasm initerr.wat -o initerr.wasm
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "auth_token is required")
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  ;; ptr 16, len 22, error flag
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0x0000001080000016))
  (func (export "accueil_parse") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
