/**
 * A module imported on first use (response validation, the paged-list walker), so bundles
 * that never need it do not carry it in their first load. A failed import is not remembered:
 * the next use tries again (callers turn the failure into their typed error).
 */
export function lazy<Module>(load: () => Promise<Module>): () => Promise<Module> {
  let loading: Promise<Module> | undefined;
  return () => {
    loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw cause;
    });
    return loading;
  };
}
