/**
 * Values a field could not take stay visible in their cell (red, with the reason) until the
 * user corrects or clears them: nothing typed is silently dropped.
 */
export interface PendingEdit {
  text: string;
  message: string;
}

export class PendingEdits {
  private map = new Map<string, PendingEdit>();
  /** Asked for every cell the grid draws, several times: nothing pending is the usual answer, without building a key. */
  get(id: number, field: string): PendingEdit | undefined {
    return this.map.size === 0 ? undefined : this.map.get(`${id}:${field}`);
  }
  set(id: number, field: string, edit: PendingEdit): void {
    this.map.set(`${id}:${field}`, edit);
  }
  clear(id: number, field: string): void {
    this.map.delete(`${id}:${field}`);
  }
  get size(): number {
    return this.map.size;
  }
}
