package jsonlite

import (
	"encoding/json"
	"testing"
)

var benchDoc = []byte(`{"message":{"timestamp":1773303298000,"type":"tool-calls","assistant":{"name":"x","model":{"messages":[{"role":"system","content":"Tu es l'assistant d'accueil du Salon Lumière."}]}},"toolCallList":[{"id":"call_Qm7bT2xVd9LpR4sYk1NwE8aZ","type":"function","function":{"name":"verifier_disponibilite","arguments":{"date":"2026-03-13","heure":"14:00","prestation":"coupe"}}}],"call":{"id":"c7e1a9d2-5b3f-4c6e-8a1d-2f4b6c8e0a13","customer":{"number":"+33639980012"}}}}`)

func BenchmarkParseAndGet(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		root, err := Parse(benchDoc)
		if err != nil {
			b.Fatal(err)
		}
		m := root.Get("message")
		if !m.Get("type").TextEquals("tool-calls") {
			b.Fatal("type")
		}
		for _, c := range m.Get("toolCallList").Elements() {
			_ = c.Get("function", "arguments").Raw()
		}
		_ = m.Get("call", "customer", "number").Text()
	}
}

// BenchmarkEncodingJSON is the same work with encoding/json, for comparison.
func BenchmarkEncodingJSON(b *testing.B) {
	type msg struct {
		Message struct {
			Type         string `json:"type"`
			ToolCallList []struct {
				Function struct {
					Arguments json.RawMessage `json:"arguments"`
				} `json:"function"`
			} `json:"toolCallList"`
			Call struct {
				Customer struct {
					Number string `json:"number"`
				} `json:"customer"`
			} `json:"call"`
		} `json:"message"`
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		var m msg
		if err := json.Unmarshal(benchDoc, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriter(b *testing.B) {
	b.ReportAllocs()
	var w Writer
	for b.Loop() {
		w.Reset(w.Bytes()[:0])
		w.StartObject()
		w.ArrayField("results")
		w.StartObject()
		w.StringField("toolCallId", "call_Qm7bT2xVd9LpR4sYk1NwE8aZ")
		w.StringField("name", "verifier_disponibilite")
		w.StringField("result", "Créneau disponible le vendredi 13 mars à 14h00 avec Léa.")
		w.EndObject()
		w.EndArray()
		w.EndObject()
	}
}
