/**
 * The safetensors format (Hugging Face's; the one PyTorch users already load), encoded and decoded over byte
 * buffers: an 8-byte little-endian header length, a UTF-8 JSON header mapping each tensor name to its dtype, shape
 * and byte range, an optional `__metadata__` object of string values, then the little-endian data. Pure: no I/O.
 *
 * Decoding trusts nothing in the header: every range must lie inside the data, match its dtype and shape, and the
 * ranges must tile the data exactly (no gaps, no overlaps), as the reference implementation requires.
 */

export type Dtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'U8';

export const DTYPE_BYTES: Record<Dtype, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, U8: 1 };

export type TensorData = Float32Array | Int32Array | Int16Array | Uint8Array;

export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: TensorData;
}

/** One tensor of a decoded file: its dtype and shape, and its raw little-endian bytes (a view into the file). */
export interface StoredTensor {
  dtype: Dtype;
  shape: number[];
  bytes: Uint8Array;
}

export interface Decoded {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

/** Header lengths above this are refused (the reference implementation's own limit). */
const MAX_HEADER = 100 * 1024 * 1024;
const METADATA = '__metadata__';

const dtypeOf = (data: TensorData): Dtype =>
  data instanceof Float32Array ? 'F32' : data instanceof Int32Array ? 'I32' : data instanceof Int16Array ? 'I16' : 'U8';

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The whole file as one buffer; tensors are laid out in the order given, metadata values must be strings. */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header[METADATA] = metadata;
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.name === METADATA || seen.has(t.name)) throw new Error(`safetensors: tensor name "${t.name}" is reserved or repeated`);
    seen.add(t.name);
    if (count(t.shape) !== t.data.length)
      throw new Error(`safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[t.name] = { dtype: dtypeOf(t.data), shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  const pad = (8 - ((8 + json.length) % 8)) % 8;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = Buffer.alloc(8 + json.length + offset);
  out.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(out, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

const isDtype = (s: unknown): s is Dtype => typeof s === 'string' && s in DTYPE_BYTES;

/** Decodes and checks a whole file; `what` names it in errors (a path, usually). */
export function decodeSafetensors(bytes: Uint8Array, what: string): Decoded {
  const fail = (why: string): never => {
    throw new Error(`${what}: not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER || 8 + n > bytes.length) fail(`header length ${n} does not fit in ${bytes.length} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail(`the header is not UTF-8 JSON (${(err as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('the header is not a JSON object');
  const data = bytes.subarray(8 + n);
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, StoredTensor>();
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA) {
      if (typeof entry !== 'object' || entry === null) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!isDtype(e.dtype)) fail(`tensor "${name}": dtype ${JSON.stringify(e.dtype)} is not one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
    const dtype = e.dtype as Dtype;
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor "${name}": shape is not a list of sizes`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0))
      fail(`tensor "${name}": data_offsets is not [begin, end]`);
    const [begin, end] = offs as [number, number];
    if (end < begin || end > data.length) fail(`tensor "${name}": bytes ${begin}..${end} lie outside the ${data.length} data bytes`);
    const expected = count(shape as number[]) * DTYPE_BYTES[dtype];
    if (end - begin !== expected)
      fail(`tensor "${name}": ${end - begin} bytes for ${dtype} [${(shape as number[]).join(', ')}], which needs ${expected}`);
    tensors.set(name, { dtype, shape: shape as number[], bytes: data.subarray(begin, end) });
    ranges.push([begin, end, name]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== at)
      fail(begin < at ? `tensor "${name}" overlaps the one before it` : `a gap of ${begin - at} bytes before tensor "${name}"`);
    at = end;
  }
  if (at !== data.length) fail(`${data.length - at} bytes after the last tensor`);
  return { tensors, metadata };
}

/** IEEE half → single. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** A floating-point tensor's values as float32 (F64, F16 and BF16 are converted), copied out of the file. */
export function toFloat32(t: StoredTensor, name: string): Float32Array {
  const n = count(t.shape);
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const out = new Float32Array(n);
  // Every platform the studio runs on is little-endian, as the file is, so float32 bytes copy straight across.
  if (t.dtype === 'F32') new Uint8Array(out.buffer).set(t.bytes);
  else if (t.dtype === 'F64') for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
  else if (t.dtype === 'F16') for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  else if (t.dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  } else throw new Error(`tensor "${name}" is ${t.dtype}, not a floating-point type`);
  return out;
}

/** An integer tensor's values as int32 (I64 must fit), copied out of the file. */
export function toInt32(t: StoredTensor, name: string): Int32Array {
  const n = count(t.shape);
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const out = new Int32Array(n);
  if (t.dtype === 'I32') for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, true);
  else if (t.dtype === 'I16') for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true);
  else if (t.dtype === 'U8') for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
  else if (t.dtype === 'I64')
    for (let i = 0; i < n; i++) {
      const v = view.getBigInt64(8 * i, true);
      if (v > 2147483647n || v < -2147483648n) throw new Error(`tensor "${name}": value ${v} at ${i} does not fit in 32 bits`);
      out[i] = Number(v);
    }
  else throw new Error(`tensor "${name}" is ${t.dtype}, not an integer type`);
  return out;
}
