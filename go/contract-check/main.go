// Command contract-check is the project's Go consumer: it validates payloads against the contract schemas
// with gojsonschema (github.com/xeipuuv/gojsonschema), as a Go client of the contract would, and prints one
// verdict per payload. The Python tests compare its verdicts with their own (tests/acceptance/test_go_consumer.py).
//
// Usage: contract-check MANIFEST
//
// MANIFEST is a JSON file: {"checks": [{"schema": "a.schema.json", "payloads": ["p.json", "many.jsonl"]}]}.
// A .json payload file holds one payload; a .jsonl file holds one per line. Each verdict is a JSON line on
// standard output: {"schema": ..., "payload": ..., "line": N (for .jsonl), "valid": bool, "errors": [...]}.
// Exit status 0 when every payload got a verdict, 2 when the manifest or a schema cannot be used.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xeipuuv/gojsonschema"
)

type check struct {
	Schema   string   `json:"schema"`
	Payloads []string `json:"payloads"`
}

type manifest struct {
	Checks []check `json:"checks"`
}

type verdict struct {
	Schema  string   `json:"schema"`
	Payload string   `json:"payload"`
	Line    int      `json:"line,omitempty"`
	Valid   bool     `json:"valid"`
	Errors  []string `json:"errors"`
}

// loadSchema compiles a contract schema file. gojsonschema resolves `$ref`s against the document's `$id`,
// and Go's net/url drops the opaque part of a `urn:` base, so `#/$defs/X` would point nowhere: the contract's
// `$ref`s are all local, so the `$id` is removed before compiling.
func loadSchema(path string) (*gojsonschema.Schema, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var document map[string]interface{}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	if err := decoder.Decode(&document); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	delete(document, "$id")
	return gojsonschema.NewSchema(gojsonschema.NewGoLoader(document))
}

func judge(schema *gojsonschema.Schema, payload []byte) (bool, []string) {
	result, err := schema.Validate(gojsonschema.NewBytesLoader(payload))
	if err != nil {
		return false, []string{"not JSON: " + err.Error()}
	}
	messages := []string{}
	for _, issue := range result.Errors() {
		messages = append(messages, issue.String())
	}
	return result.Valid(), messages
}

func run(manifestPath string, out *bufio.Writer) error {
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		return err
	}
	var plan manifest
	if err := json.Unmarshal(raw, &plan); err != nil {
		return fmt.Errorf("%s is not a manifest: %w", manifestPath, err)
	}
	encoder := json.NewEncoder(out)
	for _, item := range plan.Checks {
		schema, err := loadSchema(item.Schema)
		if err != nil {
			return fmt.Errorf("%s: %w", item.Schema, err)
		}
		for _, payloadPath := range item.Payloads {
			data, err := os.ReadFile(payloadPath)
			if err != nil {
				return err
			}
			if filepath.Ext(payloadPath) != ".jsonl" {
				valid, errs := judge(schema, data)
				encoder.Encode(verdict{item.Schema, payloadPath, 0, valid, errs})
				continue
			}
			for number, line := range bytes.Split(data, []byte("\n")) {
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				valid, errs := judge(schema, line)
				encoder.Encode(verdict{item.Schema, payloadPath, number + 1, valid, errs})
			}
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: contract-check MANIFEST")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	err := run(os.Args[1], out)
	out.Flush()
	if err != nil {
		fmt.Fprintln(os.Stderr, "contract-check:", err)
		os.Exit(2)
	}
}
