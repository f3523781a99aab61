// Expected outputs come from Go's own tests and docs where they exist (text/template/exec_test.go,
// docker/cli templates_test.go), cited per case; the rest are derived by hand from the Go sources
// named in template.ts and template/. Go's fmt, encoding/json and text/tabwriter on their own are
// tested beside their ports (src/format/go-fmt.test.ts, go-json.test.ts, template/tabwriter.test.ts).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { formatTable, isTableFormat, parseTemplate, renderTemplate, unescapeFormat } from "./template.ts";

const r = (src: string, data?: unknown) => renderTemplate(src, data);

function throwsGo(src: string, data: unknown, message: string): void {
  assert.throws(
    () => r(src, data),
    (err: unknown) => err instanceof InvalidParameterError && err.message === message,
    `expected ${JSON.stringify(message)}`,
  );
}

describe("text and actions", () => {
  test("plain text passes through", () => {
    assert.equal(r("some text"), "some text");
    assert.equal(r(""), "");
  });

  test("trim markers remove all adjacent white space", () => {
    // text/template docs: "{{23 -}} < {{- 45}}" produces "23<45".
    assert.equal(r("{{23 -}} < {{- 45}}"), "23<45");
    assert.equal(r("a \n\t {{- .}}", "x"), "ax");
    assert.equal(r("{{. -}} \n b", "x"), "xb");
    // A minus without the space is a negative number, not a trim marker.
    assert.equal(r("{{-3}}"), "-3");
  });

  test("comments print nothing and may trim", () => {
    assert.equal(r("a{{/* a comment */}}b"), "ab");
    assert.equal(r("a  {{- /* c */ -}}  b"), "ab");
  });

  test("literals", () => {
    assert.equal(
      r(`{{"a\\tb"}}|{{\`raw\\t\`}}|{{1.5}}|{{0x1F}}|{{1_000}}|{{'a'}}|{{true}}`),
      "a\tb|raw\\t|1.5|31|1000|97|true",
    );
  });
});

describe("fields, maps and variables", () => {
  const data = { X: "x", U: { V: "v" }, Labels: { "com.example": "yes", foo: "bar" }, I: 17 };

  test("field paths on objects and map keys", () => {
    assert.equal(r("-{{.X}}-{{.U.V}}-{{.Labels.foo}}", data), "-x-v-bar");
    assert.equal(r(`{{index .Labels "com.example"}}`, data), "yes");
    assert.equal(r("{{.U.V}}", { U: new Map([["V", "from a Map"]]) }), "from a Map");
  });

  test("a missing map key prints <no value>", () => {
    // exec_test.go "map .NO" and TestMissingMapKey: "99 <no value>".
    assert.equal(r("{{.x}} {{.y}}", { x: 99 }), "99 <no value>");
    assert.equal(r("{{.Missing.Deeper}}", {}), "<no value>");
    assert.equal(r("{{.N}}", { N: null }), "<no value>");
    assert.equal(r("{{.}}", null), "<no value>");
  });

  test("dot and $", () => {
    // exec_test.go "$ int", "$.U.V", "declare in action".
    assert.equal(r("{{$}}", 123), "123");
    assert.equal(r("{{$.U.V}}", data), "v");
    assert.equal(r("{{$x := $.U.V}}{{$x}}", data), "v");
    assert.equal(r("{{range .L}}{{$.X}}{{.}}{{end}}", { X: "-", L: [1, 2] }), "-1-2");
  });

  test("declaration, assignment and scope", () => {
    // exec_test.go "if $x with $x int": "17,true".
    assert.equal(r("{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", data), "17,true");
    assert.equal(r("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"), "2");
  });

  test("methods and getters of class instances are callable fields", () => {
    class Ctx {
      ID = "abc";
      Label(name: string) {
        return `label:${name}`;
      }
      get Short() {
        return this.ID.slice(0, 2);
      }
    }
    assert.equal(r(`{{.Label "x"}} {{.Short}} {{.ID}}`, new Ctx()), "label:x ab abc");
    throwsGo(
      "{{.Nope}}",
      new Ctx(),
      `template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *Ctx`,
    );
  });
});

describe("function values", () => {
  test("functions held in maps are values for call; only methods run implicitly", () => {
    // exec_test.go ".BinaryFunc": {{call .BinaryFunc `1` `2`}} gives "[1=2]".
    const binary = (a: string, b: string) => `[${a}=${b}]`;
    assert.equal(r("{{call .BinaryFunc `1` `2`}}", { BinaryFunc: binary }), "[1=2]");
    throwsGo(
      "{{.F 1}}",
      { F: binary },
      'template: :1:2: executing "" at <.F>: F is not a method but has arguments',
    );
    throwsGo(
      "{{call nil}}",
      null,
      'template: :1:2: executing "" at <call nil>: error calling call: call of nil',
    );
  });
});

describe("pipelines", () => {
  test("a command's value is the next command's last argument", () => {
    assert.equal(r(`{{"x" | printf "%s-%s" "a"}}`), "a-x");
    assert.equal(r(`{{.A | printf "%s!"}}`, { A: "x" }), "x!");
    // exec_test.go "bug16k": a lone printf takes the piped value as its format.
    assert.equal(r(`{{"aaa"|printf }}`), "aaa");
  });

  test("parenthesised sub-expressions and field access on them", () => {
    assert.equal(r("{{printf `%d %d` (1) (len .)}}", [1, 2, 3]), "1 3");
    // exec_test.go "parens: $ in paren".
    assert.equal(r("{{($).X}}", { X: "x" }), "x");
  });

  test("user functions", () => {
    const add = (...n: number[]) => n.reduce((a, b) => a + b, 0);
    // exec_test.go "parens in pipeline": "1 5 15".
    const t = parseTemplate("{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", { add });
    assert.equal(t.execute(null), "1 5 15");
  });
});

describe("control structures", () => {
  test("if / else if / else with Go truth", () => {
    // exec_test.go "if else chain": "3".
    assert.equal(r("{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}"), "3");
    const truth = (v: unknown) =>
      r("{{if .}}T{{else}}F{{end}}", { v }).length && r("{{if .v}}T{{else}}F{{end}}", { v });
    assert.deepEqual(["", "a", 0, 1.5, [], [0], {}, { a: 1 }, false, null, undefined].map(truth), [
      "F",
      "T",
      "F",
      "T",
      "F",
      "T",
      "F",
      "T",
      "F",
      "F",
      "F",
    ]);
  });

  test("with sets dot, else runs on a false value", () => {
    // exec_test.go "with 0", "with slice", "with map".
    assert.equal(r("{{with 0}}{{.}}{{else}}ZERO{{end}}"), "ZERO");
    assert.equal(r("{{with .}}{{.}}{{else}}EMPTY{{end}}", [3, 4, 5]), "[3 4 5]");
    assert.equal(r("{{with .}}{{.}}{{else}}EMPTY{{end}}", { one: 1 }), "map[one:1]");
    assert.equal(r("{{with .A}}a{{else with .B}}{{.}}{{end}}", { B: "b" }), "b");
  });

  test("range over arrays, with index and element variables and else", () => {
    // exec_test.go "range []int", "range $x $y SI", "range empty else".
    assert.equal(r("{{range .}}-{{.}}-{{end}}", [3, 4, 5]), "-3--4--5-");
    assert.equal(r("{{range $x, $y := .}}<{{$x}}={{$y}}>{{end}}", [3, 4, 5]), "<0=3><1=4><2=5>");
    assert.equal(r("{{range .}}-{{.}}-{{else}}EMPTY{{end}}", []), "EMPTY");
    assert.equal(r("{{range .}}x{{else}}none{{end}}", null), "none");
  });

  test("range over a map visits keys in sorted order", () => {
    // exec_test.go "range map": {one:1, two:2, three:3} gives "-1--3--2-".
    assert.equal(r("{{range .}}-{{.}}-{{end}}", { two: 2, one: 1, three: 3 }), "-1--3--2-");
    assert.equal(r("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", { b: 2, a: 1, B: 0 }), "B=0;a=1;b=2;");
    assert.equal(
      r(
        "{{range $k, $v := .}}{{$k}}={{$v}};{{end}}",
        new Map([
          [10, "x"],
          [9, "y"],
        ]),
      ),
      "9=y;10=x;",
    );
  });

  test("range over an integer, break and continue", () => {
    assert.equal(r("{{range 3}}{{.}}{{end}}"), "012");
    assert.equal(
      r(
        "{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}",
        [1, 2, 3, 4, 5],
      ),
      "13",
    );
  });

  test("define, template and block", () => {
    assert.equal(r(`{{define "row"}}[{{.}}]{{end}}{{range .}}{{template "row" .}}{{end}}`, [1, 2]), "[1][2]");
    // exec_test.go TestBlock: a({{block "inner" .}}bar({{.}})baz{{end}})b with "hello".
    assert.equal(r(`a({{block "inner" .}}bar({{.}})baz{{end}})b`, "hello"), "a(bar(hello)baz)b");
  });
});

describe("builtin functions", () => {
  test("and, or, not return Go's values and short-circuit", () => {
    // exec_test.go "and", "or", "not".
    assert.equal(r("{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}"), "false 0 0 1");
    assert.equal(r("{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}"), "0 1 true 1");
    assert.equal(r("{{not true}} {{not false}}"), "false true");
    // The second argument would fail if evaluated.
    assert.equal(r("{{or 1 (index nil 0)}}"), "1");
  });

  test("len, index, slice", () => {
    assert.equal(r("{{len .}}", "héllo"), "6"); // bytes, as Go's len of a string
    assert.equal(r("{{len .}} {{index . 1}} {{slice . 1}} {{slice . 1 2}}", [3, 4, 5]), "3 4 [4 5] [4]");
    assert.equal(r("{{slice . 1 3}} {{index . 0}}", "abcd"), "bc 97");
    // exec_test.go "map[NO]" gives the zero value; for an interface{} map that is no value.
    assert.equal(r("{{index . `XXX`}}", { one: 1 }), "<no value>");
  });

  test("print, println", () => {
    // exec_test.go "print 123", "println", "print nil"; Sprint spaces only between non-strings.
    assert.equal(r("{{print 1 2 3}}|{{println 1 2 3}}|{{print nil}}"), "1 2 3|1 2 3\n|<nil>");
    assert.equal(r(`{{print 1 2 "a" 3 "b" "c"}}`), "1 2a3bc");
  });

  test("comparisons", () => {
    // exec_test.go cmpTests.
    assert.equal(
      r("{{eq 3 4 5 6 3}} {{eq 3 4 5 6 7}} {{ne `xy` `xyz`}} {{lt 1.5 2.5}} {{le 2 1}}"),
      "true false true true false",
    );
    assert.equal(r("{{gt `xy` `xyz`}} {{ge `xyz` `xy`}} {{eq (index `x` 0) 'x'}}"), "false true true");
    assert.equal(r("{{eq .Missing nil}} {{eq .S `a`}}", { S: "a" }), "true true");
  });

  test("html, js, urlquery", () => {
    // exec_test.go "html", "js", "urlquery".
    assert.equal(
      r(`{{html "<script>alert(\\"XSS\\");</script>"}}`),
      "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;",
    );
    assert.equal(r("{{js .}}", "It'd be nice."), "It\\'d be nice.");
    assert.equal(r(`{{"http://www.example.org/"|urlquery}}`), "http%3A%2F%2Fwww.example.org%2F");
    assert.equal(r("{{html .Missing}}", {}), "&lt;no value&gt;");
  });
});

describe("printf and value printing", () => {
  test("padding and precision", () => {
    assert.equal(r(`{{printf "%-10s|" "abc"}}`), "abc       |");
    assert.equal(
      r(`{{printf "%5s|%.2s|%5.1f|%-5d|%05d|%x|%X|%o|%#x|%+d" "ab" "xyz" 3.14159 42 -42 255 255 8 255 5}}`),
      "   ab|xy|  3.1|42   |-0042|ff|FF|10|0xff|+5",
    );
    // exec_test.go "printf int": "%04x" of 127.
    assert.equal(r(`{{printf "%04x" 127}}`), "007f");
  });

  test("values print as fmt's %v does", () => {
    // exec_test.go "dot slice", "dot map", "dot float".
    assert.equal(r("<{{.}}>", [-1, -2, -3]), "<[-1 -2 -3]>");
    assert.equal(r("<{{.}}>", { two: 22 }), "<map[two:22]>");
    assert.equal(r("<{{.}}>", 15.1), "<15.1>");
    assert.equal(
      r("{{.}}", { b: [1, "x", true], a: { z: 1, y: null } }),
      "map[a:map[y:<nil> z:1] b:[1 x true]]",
    );
    assert.equal(r("{{.}} {{.}}", 1e20), "100000000000000000000 100000000000000000000");
    assert.equal(r("{{.}}", 1234567.5), "1.2345675e+06");
    assert.equal(
      r("{{.}}", new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120))),
      "2024-01-02 03:04:05.12 +0000 UTC",
    );
  });
});

describe("docker template functions", () => {
  test("json marshals as encoding/json", () => {
    // docker/cli templates_test.go TestParseJSONFunctions.
    assert.equal(r("{{json .Ports}}", { Ports: "0.0.0.0:2->8/udp" }), '"0.0.0.0:2->8/udp"');
    const data = {
      Name: "<a&b>",
      List: [1, 2.5, null],
      Labels: new Map([
        ["z", "1"],
        ["a", "2"],
      ]),
      Empty: {},
    };
    assert.equal(
      r("{{json .}}", data),
      '{"Name":"<a&b>","List":[1,2.5,null],"Labels":{"a":"2","z":"1"},"Empty":{}}',
    );
    assert.equal(r("{{json .Missing}}", {}), "null");
  });

  test("split, join, title, lower, upper", () => {
    // docker/cli templates_test.go TestParseStringFunctions.
    assert.equal(r(`{{join (split . ":") "/"}}`, "text:with:colon"), "text/with/colon");
    assert.equal(
      r("{{title .}}|{{lower .}}|{{upper .}}", "hello wORLD-x_y"),
      "Hello WORLD-X_y|hello world-x_y|HELLO WORLD-X_Y",
    );
  });

  test("pad and truncate", () => {
    // docker/cli templates_test.go TestParseTruncateFunction.
    const s = "tupx5xzf6hvsrhnruz5cr8gwp";
    assert.equal(r("{{truncate . 5}}", s), "tupx5");
    assert.equal(r("{{truncate . 30}}", s), s);
    assert.equal(r("{{pad . 3 3}}", s), `   ${s}   `);
    assert.equal(r("{{pad . 3 3}}", ""), "");
    throwsGo(
      "{{truncate . 5}}",
      null,
      'template: :1:11: executing "" at <.>: invalid value; expected string',
    );
  });
});

describe("errors", () => {
  test("parse errors read as Go's", () => {
    throwsGo("{{foo}}", null, 'template: :1: function "foo" not defined');
    throwsGo("a\n\n{{.A | bar}}", null, 'template: :3: function "bar" not defined');
    throwsGo("{{if .}}x", null, "template: :1: unexpected EOF");
    throwsGo("{{end}}", null, "template: :1: unexpected {{end}}");
    throwsGo("{{.A", null, "template: :1: unclosed action");
    throwsGo("{{$x}}", null, 'template: :1: undefined variable "$x"');
    throwsGo("{{if}}{{end}}", null, "template: :1: missing value for if");
    throwsGo("{{range .}}{{else if .}}{{end}}", null, "template: :1: unexpected <if> in input");
    throwsGo("{{/* x", null, "template: :1: unclosed comment");
    throwsGo("{{break}}", null, "template: :1: {{break}} outside {{range}}");
    throwsGo("{{. | 3}}", null, "template: :1: non executable command in pipeline stage 2");
  });

  test("execution errors name the position and the node", () => {
    throwsGo(
      "{{.A.B}}",
      { A: "s" },
      'template: :1:4: executing "" at <.A.B>: can\'t evaluate field B in type string',
    );
    throwsGo(
      "{{.A.B.C}}",
      { A: null },
      'template: :1:4: executing "" at <.A.B.C>: nil pointer evaluating interface {}.B',
    );
    throwsGo(
      "{{len 3}}",
      null,
      'template: :1:2: executing "" at <len 3>: error calling len: len of type int',
    );
    throwsGo(
      '{{eq 1 "a"}}',
      null,
      'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison: int and string',
    );
    throwsGo(
      "{{len}}",
      null,
      'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0',
    );
    throwsGo("{{lower 5}}", null, 'template: :1:8: executing "" at <5>: expected string; found 5');
    throwsGo(
      "{{true|printf}}",
      null,
      'template: :1:7: executing "" at <printf>: wrong type for value; expected string; got bool',
    );
    throwsGo("{{nil}}", null, 'template: :1:2: executing "" at <nil>: nil is not a command');
    throwsGo("{{3 2}}", null, 'template: :1:2: executing "" at <3>: can\'t give argument to non-function 3');
    throwsGo(
      "{{range .}}{{end}}",
      "abc",
      'template: :1:8: executing "" at <.>: range can\'t iterate over abc',
    );
  });

  test("an error in a nested template names that template", () => {
    // exec_test.go TestExecError (there the top template is named "top").
    const src = `line 1
line 2
line 3
{{template "one" .}}
{{define "one"}}{{template "two" .}}{{end}}
{{define "two"}}{{template "three" .}}{{end}}
{{define "three"}}{{index "hi" $}}{{end}}`;
    throwsGo(
      src,
      5,
      'template: :7:20: executing "three" at <index "hi" $>: error calling index: index out of range: 5',
    );
  });

  test("a failure inside a called function is wrapped", () => {
    const t = parseTemplate("{{boom}}", {
      boom: () => {
        throw new Error("bad thing");
      },
    });
    assert.throws(() => t.execute(null), {
      message: 'template: :1:2: executing "" at <boom>: error calling boom: bad thing',
    });
  });
});

describe("docker formatter", () => {
  test("format escapes and the table directive", () => {
    assert.equal(unescapeFormat("{{.A}}\\t{{.B}}\\n"), "{{.A}}\t{{.B}}\n");
    assert.equal(unescapeFormat("\\\\t"), "\\\t");
    assert.equal(isTableFormat("table {{.ID}}"), true);
    assert.equal(isTableFormat("{{.ID}}"), false);
  });

  const psHeaders = {
    ID: "CONTAINER ID",
    Image: "IMAGE",
    Command: "COMMAND",
    RunningFor: "CREATED",
    Status: "STATUS",
    Ports: "PORTS",
    Names: "NAMES",
  };
  const psFormat =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

  test("an empty table is its header", () => {
    // `docker ps` with no containers.
    assert.equal(
      formatTable(psFormat, [], psHeaders),
      "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
    );
  });

  test("docker ps columns of differing widths", () => {
    // Real `docker container ls -a` output: minwidth 10, padding 3, empty PORTS column kept.
    const rows = [
      {
        ID: "32ff4d2bb6fa",
        Image: "nginx",
        Command: '"/docker-entrypoint.…"',
        RunningFor: "About a minute ago",
        Status: "Exited (0) About a minute ago",
        Ports: "",
        Names: "my_first_container",
      },
      {
        ID: "9d7c0fcc21fe",
        Image: "hello-world",
        Command: '"/hello"',
        RunningFor: "6 minutes ago",
        Status: "Exited (0) 6 minutes ago",
        Ports: "",
        Names: "quizzical_montalcini",
      },
    ];
    assert.equal(
      formatTable(psFormat, rows, psHeaders),
      [
        "CONTAINER ID   IMAGE         COMMAND                  CREATED              STATUS                          PORTS     NAMES",
        '32ff4d2bb6fa   nginx         "/docker-entrypoint.…"   About a minute ago   Exited (0) About a minute ago             my_first_container',
        '9d7c0fcc21fe   hello-world   "/hello"                 6 minutes ago        Exited (0) 6 minutes ago                  quizzical_montalcini',
        "",
      ].join("\n"),
    );
  });

  test("docker images table from a command-line format", () => {
    const headers = { Repository: "REPOSITORY", Tag: "TAG", ID: "IMAGE ID", Size: "SIZE" };
    const rows = [
      { Repository: "alpine", Tag: "latest", ID: "a606584aa9aa", Size: "7.8MB" },
      { Repository: "nginx", Tag: "1.25-alpine", ID: "b2b2b2b2b2b2", Size: "43.2MB" },
    ];
    const out = formatTable("table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.Size}}", rows, headers);
    assert.equal(
      out,
      "REPOSITORY   TAG           IMAGE ID       SIZE\n" +
        "alpine       latest        a606584aa9aa   7.8MB\n" +
        "nginx        1.25-alpine   b2b2b2b2b2b2   43.2MB\n",
    );
  });

  test("headers keep their names through docker's header functions", () => {
    // docker/cli templates_test.go TestHeaderFunctions: header functions return their input.
    const out = formatTable(
      "table {{lower .Name}}\t{{json .Labels}}\t{{pad .X 1 1}}",
      [{ Name: "AB", Labels: { a: "1" }, X: "x" }],
      {
        Name: "NAME",
        Labels: "LABELS",
        X: "X",
      },
    );
    assert.equal(out, 'NAME      LABELS       X \nab        {"a":"1"}    x \n');
  });

  test("a trailing tab makes the last column part of the table", () => {
    assert.equal(formatTable("table {{.A}}\t", [{ A: "x" }], { A: "A" }), "A         \nx         \n");
  });

  test("without table each row is a line", () => {
    assert.equal(
      formatTable(
        "{{.A}}: {{.B}}",
        [
          { A: 1, B: "x" },
          { A: 2, B: "y" },
        ],
        {},
      ),
      "1: x\n2: y\n",
    );
    assert.equal(formatTable("json", [{ B: 1, A: 2 }], {}), '{"B":1,"A":2}\n');
  });

  test("errors are docker's template parsing errors", () => {
    assert.throws(() => formatTable("{{.ID", [], {}), {
      message: "template parsing error: template: :1: unclosed action",
    });
    assert.throws(() => formatTable("table {{.A.B}}", [{ A: 1 }], { A: "A" }), {
      message:
        'template parsing error: template: :1:4: executing "" at <.A.B>: can\'t evaluate field B in type int',
    });
  });
});
