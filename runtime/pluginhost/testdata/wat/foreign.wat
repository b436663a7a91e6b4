;; foreign.wasm: a guest with every export, importing a function from a
;; module the host does not provide (env.foo): refused at load, naming it.
;;
;; Build: wat2wasm foreign.wat -o foreign.wasm
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func (export "accueil_abi_version") (result i32) (i32.const 2))
  (func (export "accueil_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))
  (func (export "accueil_parse") (param i32 i32) (result i64) (call $foo) (i64.const 0))
  (func (export "accueil_render") (param i32 i32) (result i64) (i64.const 0))
)
