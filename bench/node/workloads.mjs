// One benchmark measurement in a fresh process, printed as one JSON line.
//
//   node workloads.mjs <tokenhot|openai> <sequential|concurrent|stream|inflight> BASE_URL
//
// Both libraries are called the way their documentation shows, pointed at the same mock
// through their base-URL option. Sizes come from the environment, as in workloads.py.
const [lib, workload, baseURL] = process.argv.slice(2);
const number = (name, fallback) => Number(process.env[name] ?? fallback);
const MESSAGES = [{ role: 'user', content: 'Say hello' }];
const MODEL = 'gpt-5.2';

async function makeClient() {
  if (lib === 'tokenhot') {
    const { Tokenhot } = await import('tokenhot');
    return new Tokenhot({ apiKey: 'sk-bench', baseURL });
  }
  const { default: OpenAI } = await import('openai');
  return new OpenAI({ apiKey: 'sk-bench', baseURL: `${baseURL}/v1` });
}

async function calls(client, count, concurrency, headers) {
  let next = 0;
  const one = async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES }, headers ? { headers } : undefined);
    if (!r.choices[0].message.content) throw new Error('empty answer');
  };
  await one();
  const started = performance.now();
  const worker = async () => {
    while (next++ < count) await one();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

const workloads = {
  async sequential(client) {
    const n = number('BENCH_CALLS', 1000);
    return [n, 'calls', await calls(client, n, 1)];
  },
  async concurrent(client) {
    const n = number('BENCH_CALLS', 2000);
    return [n, 'calls', await calls(client, n, number('BENCH_CONCURRENCY', 64))];
  },
  async inflight(client) {
    const n = number('BENCH_INFLIGHT', 1000);
    return [n, 'calls', await calls(client, n, n, { 'x-mock-delay-ms': process.env.BENCH_DELAY_MS ?? '2000' })];
  },
  async stream(client) {
    const streams = number('BENCH_STREAMS', 10);
    const chunks = String(number('BENCH_CHUNKS', 1000));
    let total = 0;
    const started = performance.now();
    for (let i = 0; i < streams; i++) {
      const s = await client.chat.completions.create(
        { model: MODEL, messages: MESSAGES, stream: true },
        { headers: { 'x-mock-chunks': chunks } },
      );
      for await (const _chunk of s) total++;
    }
    return [total, 'chunks', (performance.now() - started) / 1000];
  },
};

const client = await makeClient();
const [ops, unit, seconds] = await workloads[workload](client);
const peak = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ops, unit, seconds, per_second: ops / seconds, peak_rss_mib: peak }));
