/**
 * Words about a verified submission package that the window and the command line both say.
 */

/** A package made before 2026-12-02 (manifest format …/1): what verify could not hold against its manifest. */
export function olderFormatNotice(unchecked: string[]): string {
  return `这是 2026-12-02 以前的版本生成的报送包，汇总表中没有${unchecked.join('、')}，这几项未能与清单核对`;
}
