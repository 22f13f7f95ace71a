// Writes schema/config.schema.json from the same zod schema the runtime validates with.
import { mkdir, writeFile } from 'node:fs/promises';
import { configJsonSchema } from '../src/core/index.js';

await mkdir('schema', { recursive: true });
await writeFile('schema/config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
