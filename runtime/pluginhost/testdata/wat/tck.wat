;; tck.wasm: a well-formed ABI v1 guest whose accueil_parse misbehaves on
;; demand, chosen by the first letter of the request's Method (an encoded
;; abi.Request starts 0x0a <len> <method bytes> when Method is set):
;;   L  loop forever              S  spin 3e8 iterations (~0.5 s), then answer
;;   T  trap (unreachable)        H  grow memory until the cap, then trap
;;   G  grow memory by 7 pages and answer
;;   B  answer with an output outside memory (ABI violation)
;;   E  answer the guest error "guest says no"
;;   anything else: answer an empty ParseResult (the no-op floor).
;; accueil_render answers an empty Response, or, when the RenderInput's
;; request has the Method "Q", a Response with the status 42.
;;
;; Build: wat2wasm tck.wat -o tck.wasm
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "guest says no")
  (data (i32.const 48) "\08\54") ;; Response{status: 42}
  (global $spins (mut i32) (i32.const 0))

  (func (export "accueil_abi_version") (result i32) (i32.const 2))

  ;; The input buffer starts at 1024; memory grows until it fits.
  (func (export "accueil_alloc") (param $n i32) (result i32)
    (block $done
      (loop $more
        (br_if $done
          (i32.le_u (i32.add (i32.const 1024) (local.get $n))
                    (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
          (then (unreachable)))
        (br $more)))
    (i32.const 1024))

  (func (export "accueil_init") (param i32 i32) (result i64) (i64.const 0))

  (func (export "accueil_render") (param $p i32) (param $n i32) (result i64)
    ;; 0a <len> 0a 01 'Q': the request field, its Method "Q".
    (if (i32.and (i32.ge_u (local.get $n) (i32.const 5))
                 (i32.eq (i32.load8_u offset=4 (local.get $p)) (i32.const 0x51)))
      (then (return (i64.const 0x0000003000000002))))
    (i64.const 0))

  (func (export "accueil_parse") (param $p i32) (param $n i32) (result i64)
    (local $c i32)
    (local $i i32)
    (if (i32.and (i32.ge_u (local.get $n) (i32.const 3))
                 (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x0a)))
      (then (local.set $c (i32.load8_u offset=2 (local.get $p)))))
    (if (i32.eq (local.get $c) (i32.const 0x4c)) ;; L
      (then (loop $forever (br $forever))))
    (if (i32.eq (local.get $c) (i32.const 0x53)) ;; S
      (then
        (loop $spin
          (global.set $spins (i32.add (global.get $spins) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $spin (i32.lt_u (local.get $i) (i32.const 300000000))))))
    (if (i32.eq (local.get $c) (i32.const 0x54)) ;; T
      (then (unreachable)))
    (if (i32.eq (local.get $c) (i32.const 0x48)) ;; H
      (then
        (loop $hog
          (br_if $hog (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
        (unreachable)))
    (if (i32.eq (local.get $c) (i32.const 0x47)) ;; G
      (then (drop (memory.grow (i32.const 7)))))
    (if (i32.eq (local.get $c) (i32.const 0x42)) ;; B: ptr 0x7fff0000, len 100
      (then (return (i64.const 0x7fff000000000064))))
    (if (i32.eq (local.get $c) (i32.const 0x45)) ;; E: ptr 16, len 13, error flag
      (then (return (i64.const 0x000000108000000d))))
    (i64.const 0))
)
