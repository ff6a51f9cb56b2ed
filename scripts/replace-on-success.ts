import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Produces a folder's new contents beside it and swaps it in only when `produce` succeeds: on failure
 * the folder is left exactly as it was and the half-written output is removed. The new contents are
 * written in a sibling folder, so the swap is a rename on the same file system.
 */
export async function replaceOnSuccess(target: string, produce: (outdir: string) => Promise<void>): Promise<void> {
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}.new-`));
  try {
    await produce(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  const old = `${staging}.old`;
  if (exists) await rename(target, old);
  await rename(staging, target);
  if (exists) await rm(old, { recursive: true, force: true });
}
