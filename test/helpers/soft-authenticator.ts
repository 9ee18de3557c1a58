import crypto from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

/** Where a software authenticator answers: the relying party id and the origin its client data names. */
export interface SoftPlace {
  rpId: string;
  origin: string;
}

const b64 = (bytes: Uint8Array | Buffer) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest();

function u32(n: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n >>> 0);
  return out;
}

/**
 * A security key in software (P-256, attestation "none"), to test registration and sign-in without a
 * browser: it builds the JSON a browser script sends, signing with its own key and counting signs.
 */
export class SoftAuthenticator {
  readonly credentialId = crypto.randomBytes(32);
  private readonly keys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** The next sign counter it reports (set it lower to act as a clone). */
  counter = 0;

  private cosePublicKey(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const map = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]);
    return isoCBOR.encode(map);
  }

  private credentialJson(response: Record<string, unknown>): string {
    const id = b64(this.credentialId);
    return JSON.stringify({ id, rawId: id, type: 'public-key', clientExtensionResults: {}, response });
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The browser's answer to registration options with `challenge` (base64url), as JSON. */
  register(challenge: string, place: SoftPlace): string {
    const flags = 0x01 | 0x04 | 0x40;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([sha256(place.rpId), Buffer.from([flags]), u32(this.counter), Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.cosePublicKey())]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(authData)]]) as never);
    return this.credentialJson({ clientDataJSON: b64(this.clientData('webauthn.create', challenge, place.origin)), attestationObject: b64(attestationObject), transports: ['usb'] });
  }

  /** The browser's answer to sign-in options with `challenge`, as JSON; the counter moves on by one first. */
  signIn(challenge: string, place: SoftPlace): string {
    this.counter += 1;
    const authData = Buffer.concat([sha256(place.rpId), Buffer.from([0x01 | 0x04]), u32(this.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', challenge, place.origin);
    const signature = crypto.sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.keys.privateKey);
    return this.credentialJson({ clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) });
  }
}
