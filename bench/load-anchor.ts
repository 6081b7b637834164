/**
 * The anchor of bench/load.ts, in a process of its own: a bare Fastify sending the bytes of the
 * page the app served (read from the file named as the first argument) at the path given as the
 * second, with no session, database or template. Prints its URL, then serves until stdin closes.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [file, path = '/dashboard'] = process.argv.slice(2);
const page = readFileSync(file!);
const bare = Fastify({ logger: false });
bare.get(path, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
await bare.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`http://127.0.0.1:${(bare.server.address() as { port: number }).port}${path}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await bare.close();
  process.exit(0);
});
