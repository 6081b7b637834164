// How long reading a large workers file holds up the event loop (every other user's requests):
// read on the main thread, then in the worker thread read-off-thread.ts uses for files over 256 KB.
// Run: npx node bench/upload.ts [rows]   (default 99,000 rows, about 4.7 MB of CSV)
import { readWorkersImport } from '../src/imports/read-off-thread.ts';
import { readWorkersFile } from '../src/imports/workers-file.ts';

const rows = Number(process.argv[2] ?? 99_000);
let text = 'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason\n';
for (let i = 0; i < rows; i++) text += `W${i},no,Social Worker,Assessment,1,2020-01-06,,\n`;
const bytes = Buffer.from(text);

/** The read's time and the longest the event loop went without running a 5 ms timer meanwhile. */
async function measure(read: () => Promise<unknown>): Promise<{ ms: number; longestStallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await read();
  const end = performance.now();
  longest = Math.max(longest, end - last);
  clearInterval(timer);
  return { ms: Math.round(end - start), longestStallMs: Math.round(longest) };
}

console.log(`${rows.toLocaleString('en-GB')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB`);
console.log('main thread  ', await measure(() => readWorkersFile('bench.csv', bytes)));
console.log('worker thread', await measure(() => readWorkersImport('bench.csv', bytes, {})));
