/** Types of smokePackaged.mjs, for the packaging tests. */

/** The packaged executable under `releaseDir` for `platform` and `arch`, or null when absent. */
export function packagedExecutable(
  releaseDir: string,
  platform: string,
  arch: string,
): string | null;

/** Why a smoke run failed, or null when it passed (exit 0 and `"ok": true` with steps and loss). */
export function smokeFailure(status: number | string, resultText: string | null): string | null;
