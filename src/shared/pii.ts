import crypto from 'node:crypto';

/** Keys of a vault as handed to a worker thread of the same process (never logged or stored). */
export interface PiiVaultKeys {
  encKey: Uint8Array;
  macKey: Uint8Array;
}

const IV_BYTES = 12;
/** IVs are cut from one random buffer refilled every this many encryptions (one RNG call, not one per row). */
const IV_POOL = 256;

/**
 * Protection of identity numbers (公民身份号码) at rest: AES-256-GCM for storage and an HMAC
 * for exact lookup, both from one 32-byte data key. The plain number never reaches a log.
 */
export class PiiVault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('DATA_KEY 必须是 32 字节（base64 编码）');
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'xinyong/pii/enc', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'xinyong/pii/mac', 32));
  }

  /** The derived keys, for {@link PiiVault.fromKeys} in a worker thread (bulk seeding). */
  workerKeys(): PiiVaultKeys {
    return { encKey: Uint8Array.from(this.encKey), macKey: Uint8Array.from(this.macKey) };
  }

  /** The vault whose {@link PiiVault.workerKeys} these are: same encryption and lookup hash. */
  static fromKeys(keys: PiiVaultKeys): PiiVault {
    const vault = Object.create(PiiVault.prototype) as PiiVault;
    Object.assign(vault, {
      encKey: Buffer.from(keys.encKey),
      macKey: Buffer.from(keys.macKey),
      ivPool: Buffer.alloc(0),
      ivAt: 0,
    });
    return vault;
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext; a fresh random IV each time. */
  encrypt(plain: string): Buffer {
    if (this.ivAt >= this.ivPool.length) {
      this.ivPool = crypto.randomBytes(IV_BYTES * IV_POOL);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Uint8Array): string {
    const buf = Buffer.from(sealed);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, buf.subarray(0, 12));
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for `WHERE id_number_hash = $1`; useless without the key. */
  lookupHash(plain: string): Buffer {
    return crypto.createHmac('sha256', this.macKey).update(plain).digest();
  }
}
