// Tests of the helm-lite subset against what `helm template` (Go text/template + Sprig) produces
// for the same input; run by `npm test` with node's test runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderString } from './helm-lite.mjs';

const V = { Values: { name: 'api', replicas: 2, on: true, off: false, empty: '', list: ['a', 'b'], map: { b: 2, a: 1 }, res: { requests: { cpu: '100m' } } }, Release: { Name: 'r' } };

test('fields, variables and literals', () => {
  assert.equal(renderString('x{{ .Values.name }}y', V), 'xapiy');
  assert.equal(renderString('{{ $.Release.Name }}-{{ .Values.replicas }}', V), 'r-2');
  assert.equal(renderString('{{ $n := .Values.name }}{{ $n }}', V), 'api');
  assert.equal(renderString('{{ .Values.missing }}', V), '');
  assert.equal(renderString('{{ "lit" }} {{ 3 }}', V), 'lit 3');
});

test('whitespace trimming as in Go templates', () => {
  assert.equal(renderString('a\n  {{- .Values.name }}\nb', V), 'aapi\nb');
  assert.equal(renderString('a {{ .Values.name -}}\n\n  b', V), 'a apib');
  assert.equal(renderString('a{{/* a comment */}}b', V), 'ab');
});

test('if / else if / else with Go truthiness', () => {
  assert.equal(renderString('{{ if .Values.on }}1{{ else }}0{{ end }}', V), '1');
  assert.equal(renderString('{{ if .Values.off }}1{{ else if .Values.empty }}2{{ else }}3{{ end }}', V), '3');
  assert.equal(renderString('{{ if .Values.list }}y{{ end }}{{ if .Values.none }}n{{ end }}', V), 'y');
  assert.equal(renderString('{{ if and .Values.on (eq .Values.name "api") }}ok{{ end }}', V), 'ok');
  assert.equal(renderString('{{ if or .Values.off (not .Values.on) }}x{{ else }}y{{ end }}', V), 'y');
});

test('range over lists (index, value), maps (sorted keys) and integers', () => {
  assert.equal(renderString('{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }};{{ end }}', V), '0=a;1=b;');
  assert.equal(renderString('{{ range $k, $v := .Values.map }}{{ $k }}{{ $v }}{{ end }}', V), 'a1b2');
  assert.equal(renderString('{{ range .Values.list }}[{{ . }}]{{ end }}', V), '[a][b]');
  assert.equal(renderString('{{ range $t := 3 }}{{ $t }}{{ end }}', V), '012');
  assert.equal(renderString('{{ range $t := until (int (add1 2)) }}{{ $t }}{{ end }}', V), '012');
  assert.equal(renderString('{{ range .Values.none }}x{{ else }}none{{ end }}', V), 'none');
});

test('with, define and include', () => {
  assert.equal(renderString('{{ with .Values.res }}{{ .requests.cpu }}{{ end }}', V), '100m');
  assert.equal(renderString('{{ define "n" }}<{{ .name }}>{{ end }}{{ include "n" .Values }}', V), '<api>');
});

test('pipelines and Sprig functions', () => {
  assert.equal(renderString('{{ .Values.name | quote }}', V), '"api"');
  assert.equal(renderString('{{ .Values.replicas | quote }}', V), '"2"');
  assert.equal(renderString('{{ .Values.missing | default "d" }}', V), 'd');
  assert.equal(renderString('{{ .Values.name | upper | replace "P" "-" }}', V), 'A-I');
  assert.equal(renderString('{{ printf "%s-%d" .Values.name 7 }}', V), 'api-7');
  assert.equal(renderString('x:{{ toYaml .Values.res | nindent 2 }}', V), 'x:\n  requests:\n    cpu: 100m');
  assert.equal(renderString('{{ .Values.map | toJson }}', V), '{"a":1,"b":2}');
  assert.equal(renderString('{{ "a.b@v1" | replace "@" "_" | replace "." "_" }}', V), 'a_b_v1');
});

test('errors instead of silent differences', () => {
  assert.throws(() => renderString('{{ nosuchfn 1 }}', V), /unknown function/);
  assert.throws(() => renderString('{{ if .Values.on }}x', V), /missing \{\{ end \}\}/);
  assert.throws(() => renderString('{{ required "set image.tag" .Values.missing }}', V), /required: set image.tag/);
  assert.throws(() => renderString('{{ $nope }}', V), /undefined variable/);
});
