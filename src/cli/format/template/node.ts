// The AST of Go's text/template (text/template/parse/node.go), and each node written back as
// Go's Node.String() writes it, which error messages quote.

import { quote } from "../../../format/go-strconv.ts";

export interface TextNode {
  type: "text";
  pos: number;
  text: string;
}
export interface ActionNode {
  type: "action";
  pos: number;
  pipe: PipeNode;
}
export interface BranchNode {
  type: "if" | "range" | "with";
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode {
  type: "template";
  pos: number;
  name: string;
  pipe: PipeNode | null;
}
export interface LoopControlNode {
  type: "break" | "continue";
  pos: number;
}
export interface ListNode {
  type: "list";
  pos: number;
  nodes: Node[];
}
/** {{end}} and {{else}} only exist while parsing, to close a list. */
export interface DelimNode {
  type: "end" | "else";
  pos: number;
}
export type Node = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode | DelimNode;

export interface PipeNode {
  type: "pipe";
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: "command";
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  type: "field";
  pos: number;
  ident: string[];
}
export interface VariableNode {
  type: "variable";
  pos: number;
  ident: string[];
}
export interface IdentifierNode {
  type: "identifier";
  pos: number;
  ident: string;
}
export interface ChainNode {
  type: "chain";
  pos: number;
  node: ArgNode;
  field: string[];
}
export interface DotNode {
  type: "dot";
  pos: number;
}
export interface NilNode {
  type: "nil";
  pos: number;
}
export interface BoolNode {
  type: "bool";
  pos: number;
  value: boolean;
}
export interface NumberNode {
  type: "number";
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: bigint;
  float: number;
}
export interface StringNode {
  type: "string";
  pos: number;
  quoted: string;
  text: string;
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | IdentifierNode
  | ChainNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** A node as Go's Node.String() writes it, for error messages. */
export function nodeString(n: Node | ArgNode | CommandNode): string {
  switch (n.type) {
    case "text":
      return n.text;
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "if":
    case "range":
    case "with": {
      const tail = n.elseList ? `{{else}}${nodeString(n.elseList)}` : "";
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${tail}{{end}}`;
    }
    case "template":
      return n.pipe ? `{{template ${quote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${quote(n.name)}}}`;
    case "break":
    case "continue":
      return `{{${n.type}}}`;
    case "list":
      return n.nodes.map(nodeString).join("");
    case "end":
    case "else":
      return `{{${n.type}}}`;
    case "pipe": {
      const decl = n.decl.length ? `${n.decl.map(nodeString).join(", ")} ${n.isAssign ? "=" : ":="} ` : "";
      return decl + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "field":
      return n.ident.map((i) => `.${i}`).join("");
    case "variable":
      return n.ident.join(".");
    case "identifier":
      return n.ident;
    case "chain": {
      const head = n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => `.${f}`).join("");
    }
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(n.value);
    case "number":
      return n.text;
    case "string":
      return n.quoted;
  }
}

export function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  if (n.type === "list") return n.nodes.every(isEmptyTree);
  if (n.type === "text") return n.text.trim() === "";
  return false;
}
