/** Whether a county is one of the office's paired regions (a county entry, or its whole prefecture). */
export interface PairingEntry {
  code: string;
  fromYear: number | null;
  toYear: number | null;
}

export function isPaired(countyCode: string, paired: readonly PairingEntry[], year?: number): boolean {
  const prefecture = `${countyCode.slice(0, 4)}00`;
  return paired.some(
    (p) =>
      (p.code === countyCode || p.code === prefecture) &&
      (year === undefined || ((p.fromYear === null || year >= p.fromYear) && (p.toYear === null || year <= p.toYear))),
  );
}
