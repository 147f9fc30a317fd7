// Minimal Reflect metadata polyfill, imported before @peculiar/x509.
//
// Why: @peculiar/x509 pulls in tsyringe, which throws at load time unless `Reflect.getMetadata` exists
// ("tsyringe requires a reflect polyfill"). tsyringe only uses defineMetadata / getMetadata / getOwnMetadata
// (checked in node_modules/tsyringe/dist/cjs), so a WeakMap-backed version of those three is enough and spares
// the project a `reflect-metadata` dependency. If the real polyfill is already loaded, it is left alone.
type Key = string | symbol;
type Target = object;

interface ReflectWithMetadata {
  defineMetadata?(key: unknown, value: unknown, target: Target, prop?: Key): void;
  getMetadata?(key: unknown, target: Target, prop?: Key): unknown;
  getOwnMetadata?(key: unknown, target: Target, prop?: Key): unknown;
}

const R = Reflect as unknown as ReflectWithMetadata;

if (typeof R.getMetadata !== 'function') {
  const store = new WeakMap<Target, Map<Key | undefined, Map<unknown, unknown>>>();
  const own = (target: Target, prop: Key | undefined, create: boolean) => {
    let byProp = store.get(target);
    if (!byProp) {
      if (!create) return undefined;
      store.set(target, (byProp = new Map()));
    }
    let map = byProp.get(prop);
    if (!map && create) byProp.set(prop, (map = new Map()));
    return map;
  };
  R.defineMetadata = (key, value, target, prop) => void own(target, prop, true)!.set(key, value);
  R.getOwnMetadata = (key, target, prop) => own(target, prop, false)?.get(key);
  R.getMetadata = (key, target, prop) => {
    // Walk the prototype chain like reflect-metadata does.
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const m = own(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
}

export {};
