/** What the engine reports as it works: " Container p-web-1  Started", as Compose v2's plain output. */
export type Progress = (
  kind: "Container" | "Network" | "Volume" | "Image" | "Service",
  name: string,
  status: string,
) => void;

export const silent: Progress = () => {};
