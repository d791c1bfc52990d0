/** A binary min-heap of (node, key) pairs over growable typed arrays, for Dijkstra-style searches. */
export class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity = 1024) {
    this.nodes = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  /** The smallest key (the heap must not be empty). */
  peekKey(): number {
    return this.keys[0] as number;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    const { nodes, keys } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] as number;
      if (pk <= key) break;
      nodes[i] = nodes[p] as number;
      keys[i] = pk;
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  /** Removes the entry with the smallest key and returns its node (the heap must not be empty). */
  pop(): number {
    const { nodes, keys } = this;
    const top = nodes[0] as number;
    const n = --this.size;
    if (n > 0) {
      const lastNode = nodes[n] as number;
      const lastKey = keys[n] as number;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (keys[r] as number) < (keys[l] as number) ? r : l;
        if ((keys[c] as number) >= lastKey) break;
        nodes[i] = nodes[c] as number;
        keys[i] = keys[c] as number;
        i = c;
      }
      nodes[i] = lastNode;
      keys[i] = lastKey;
    }
    return top;
  }
}
