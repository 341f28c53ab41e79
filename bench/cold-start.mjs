// One cold start: import an entry (which makes its first call) in a fresh process, print ms.
const started = performance.now();
await import(process.argv[2]);
console.log(performance.now() - started);
