package webchat

import (
	"fmt"
	"testing"
)

func TestPolicyCheck(t *testing.T) {
	p := Policy{AllowedOrigins: []string{"https://www.salon-lumiere.fr", " HTTP://localhost:3000/ "}}
	tests := []struct {
		origin string
		want   bool
	}{
		{"https://www.salon-lumiere.fr", true},
		{"https://WWW.salon-lumiere.fr", true},
		{"http://www.salon-lumiere.fr", false},
		{"https://www.salon-lumiere.fr.evil.example", false},
		{"http://localhost:3000", true},
		{"http://localhost:3001", false},
		{"null", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			if got := p.Check(tt.origin); got != tt.want {
				t.Errorf("Check(%q) = %v, want %v", tt.origin, got, tt.want)
			}
		})
	}
	star := Policy{AllowedOrigins: []string{"*"}}
	if !star.Check("https://any.example") || star.Check("null") {
		t.Error(`"*" must allow any origin but "null"`)
	}
	if (Policy{}).Check("https://any.example") {
		t.Error("zero policy allows an origin")
	}
}

func TestPolicyPreflightAndAllow(t *testing.T) {
	p := Policy{AllowedOrigins: []string{"https://shop.example"}}
	tests := []struct {
		name, origin, host string
		status             int
		wantACAO           string
		allow              bool
	}{
		{"allowed", "https://shop.example", "api.example", 204, "https://shop.example", true},
		{"foreign", "https://evil.example", "api.example", 403, "", false},
		{"same origin", "http://127.0.0.1:8000", "127.0.0.1:8000", 204, "", true},
		{"same host other port", "http://127.0.0.1:9000", "127.0.0.1:8000", 403, "", false},
		{"no origin", "", "api.example", 403, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Preflight(tt.origin, tt.host)
			if r.Status != tt.status || header(r.Headers, "Access-Control-Allow-Origin") != tt.wantACAO {
				t.Errorf("Preflight = %d %v", r.Status, r.Headers)
			}
			if r.Status == 204 && tt.wantACAO != "" && header(r.Headers, "Access-Control-Allow-Headers") != "Content-Type" {
				t.Errorf("preflight headers %v", r.Headers)
			}
			h, ok := p.Allow(tt.origin, tt.host)
			if ok != tt.allow || header(h, "Access-Control-Allow-Origin") != tt.wantACAO {
				t.Errorf("Allow = %v %v", h, ok)
			}
		})
	}
	if r := p.Preflight("https://evil.example", "x"); string(r.Body) != `{"error":"origin not allowed: https://evil.example"}` {
		t.Errorf("403 body %s", r.Body)
	}
}

func header(hs []Header, name string) string {
	for _, h := range hs {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

func ExamplePolicy() {
	p := Policy{AllowedOrigins: []string{"https://www.salon-lumiere.fr"}}
	fmt.Println(p.Check("https://www.salon-lumiere.fr"), p.Check("https://evil.example"))
	fmt.Println(p.Preflight("https://evil.example", "accueil.example").Status)
	// Output:
	// true false
	// 403
}
