// Services named on the command line (`config web`, `up web`), as docker compose's ToProject
// takes them: a named service disabled by profiles is enabled (its profiles become active,
// WithServicesEnabled), then only the named services and their dependencies are kept
// (WithSelectedServices), their depends_on narrowed to what was kept.
import type { Service } from "../types.ts";

/** The active profiles, plus those of the named services that they would leave disabled. */
export function profilesFor(all: Record<string, Service>, active: string[], names: string[]): string[] {
  const out = [...active];
  for (const n of names) {
    const s = all[n];
    if (!s?.profiles?.length || isEnabled(s, active)) continue;
    for (const p of s.profiles) if (!out.includes(p)) out.push(p);
  }
  return out;
}

export function isEnabled(s: Service, active: string[]): boolean {
  if (!s.profiles || s.profiles.length === 0) return true;
  return active.includes("*") || s.profiles.some((p) => active.includes(p));
}

/** The named services and their dependencies; the others move to `disabled`. */
export function selectServices(
  services: Record<string, Service>,
  disabled: Record<string, Service>,
  names: string[],
): void {
  if (names.length === 0) return;
  const keep = new Set<string>();
  const visit = (name: string, required: boolean) => {
    if (keep.has(name)) return;
    const s = services[name];
    if (!s) {
      if (required) throw new Error(`no such service: ${name}`);
      return;
    }
    keep.add(name);
    for (const [dep, d] of Object.entries(s.depends_on)) visit(dep, d.required);
  };
  for (const n of names) visit(n, true);
  for (const [name, s] of Object.entries(services)) {
    if (keep.has(name)) {
      for (const dep of Object.keys(s.depends_on)) if (!keep.has(dep)) delete s.depends_on[dep];
    } else {
      disabled[name] = s;
      delete services[name];
    }
  }
}

/** Names in an order where each service comes after its dependencies (ties by name). */
export function dependencyOrder(services: Record<string, Service>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !services[name]) return;
    seen.add(name);
    for (const dep of Object.keys(services[name].depends_on).sort()) visit(dep);
    out.push(name);
  };
  for (const n of Object.keys(services).sort()) visit(n);
  return out;
}
