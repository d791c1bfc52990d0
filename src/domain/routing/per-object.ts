/**
 * Values derived from an object and kept as long as it lives (search buffers per routing index, shared legs
 * per network, a reference per node): the derived value is made on first request and found again after.
 */
export function perObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
