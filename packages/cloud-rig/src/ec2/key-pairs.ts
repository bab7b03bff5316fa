import { createHash } from 'node:crypto';
import { Ec2ApiError } from './errors.js';
import type { ActionHandler } from './context.js';
import { nodes, str, strings } from './query.js';
import { newId } from './state.js';
import { items, tagItems } from './xml.js';
import { readTags } from './tags.js';

/** ImportKeyPair: an OpenSSH public key line (the SDK sends it base64-encoded); the name must be new. */
export const importKeyPair: ActionHandler = (ctx) => {
  const name = str(ctx.params, 'KeyName') ?? '';
  if (ctx.state.keyPairs.has(name)) {
    throw new Ec2ApiError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  }
  const publicKey = Buffer.from(str(ctx.params, 'PublicKeyMaterial') ?? '', 'base64')
    .toString('utf8')
    .trim();
  const blob = publicKey.split(/\s+/)[1];
  if (!/^ssh-(ed25519|rsa) /.test(publicKey) || !blob) {
    throw new Ec2ApiError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  }
  const fingerprint = createHash('md5')
    .update(Buffer.from(blob, 'base64'))
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:');
  const tags = new Map(
    nodes(ctx.params, 'TagSpecification')
      .filter((s) => str(s, 'ResourceType') === 'key-pair')
      .flatMap((s) => [...readTags(s)]),
  );
  const id = newId('key');
  ctx.state.keyPairs.set(name, { id, name, publicKey, fingerprint, tags });
  return { keyFingerprint: fingerprint, keyName: name, keyPairId: id };
};

/** DescribeKeyPairs by `KeyName.N`: a missing name is `InvalidKeyPair.NotFound`, as in EC2. */
export const describeKeyPairs: ActionHandler = (ctx) => {
  const names = strings(ctx.params, 'KeyName');
  for (const name of names) {
    if (!ctx.state.keyPairs.has(name)) {
      throw new Ec2ApiError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
    }
  }
  const found = [...ctx.state.keyPairs.values()].filter((k) => names.length === 0 || names.includes(k.name));
  return {
    keySet: items(
      found.map((k) => ({
        keyPairId: k.id,
        keyFingerprint: k.fingerprint,
        keyName: k.name,
        keyType: k.publicKey.startsWith('ssh-rsa') ? 'rsa' : 'ed25519',
        tagSet: tagItems(k.tags),
      })),
    ),
  };
};

/** DeleteKeyPair by name (idempotent, as in EC2). */
export const deleteKeyPair: ActionHandler = (ctx) => {
  ctx.state.keyPairs.delete(str(ctx.params, 'KeyName') ?? '');
  return { return: true };
};
