package jsonlite_test

import (
	"fmt"

	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

func ExampleParse() {
	body := []byte(`{"message":{"type":"tool-calls","call":{"id":"c1"},
		"toolCallList":[{"id":"call_1","function":{"name":"reserver","arguments":{"date":"2026-03-13"}}}]}}`)
	root, err := jsonlite.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	msg := root.Get("message")
	fmt.Println(msg.Get("type").Text(), msg.Get("call", "id").Text())
	for _, call := range msg.Get("toolCallList").Elements() {
		fmt.Println(call.Get("function", "name").Text(), string(call.Get("function", "arguments").Raw()))
	}
	// Output:
	// tool-calls c1
	// reserver {"date":"2026-03-13"}
}

func ExampleParse_error() {
	_, err := jsonlite.Parse([]byte(`{"a":1,}`))
	fmt.Println(err)
	// Output: jsonlite: expected a string key at offset 7
}

func ExampleGet() {
	v := jsonlite.Get([]byte(`{"text":"caf\u00e9 \ud83d\ude00"}`), "text")
	fmt.Println(v.Kind(), v.Text())
	// Output: string café 😀
}

func ExampleValue_Members() {
	v := jsonlite.Get([]byte(`{"b":1,"a":[true,null]}`))
	for k, m := range v.Members() {
		fmt.Println(k, m.Kind(), string(m.Raw()))
	}
	// Output:
	// b number 1
	// a array [true,null]
}

func ExampleWriter() {
	var w jsonlite.Writer
	w.StartObject()
	w.ArrayField("results")
	w.StartObject()
	w.StringField("toolCallId", "call_1")
	w.StringField("result", "Rendez-vous confirmé \"14h\"")
	w.EndObject()
	w.EndArray()
	w.RawField("metadata", []byte(`{"n":1}`))
	w.EndObject()
	fmt.Println(string(w.Bytes()))
	// Output: {"results":[{"toolCallId":"call_1","result":"Rendez-vous confirmé \"14h\""}],"metadata":{"n":1}}
}
