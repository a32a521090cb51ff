import { parentPort } from 'node:worker_threads';

// Replaced by the runner host in the engine work; kept minimal so the bundle entry exists.
parentPort?.postMessage({ type: 'ready', protocolVersion: 1 });
