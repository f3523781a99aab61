import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerContext } from "./context.ts";
import { validateName } from "./names.ts";

export async function renameContainer(ctx: ContainerContext, ref: string, newName: string): Promise<void> {
  const rec = ctx.store.get(ref);
  const name = `/${validateName(newName)}`;
  if (name === rec.Name) {
    throw new InvalidParameterError("Renaming a container with the same name as its current name");
  }
  const old = rec.Name;
  await ctx.store.rename(rec, name);
  ctx.emit(rec, "rename", { oldName: old });
}
