// DynamoDB emulator in its own process: dynalite's LevelDB work then runs on the second core
// instead of sharing one event loop with the handlers (under 50 concurrent API calls it was half
// the CPU). Plain JS so `fork` needs no TypeScript loader. Exits when its parent goes away.
import dynalite from 'dynalite';

const [path, port] = process.argv.slice(2);
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.once('error', (error) => {
  process.send?.({ error: String(error) });
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => process.send?.({ port: server.address().port }));

const stop = () => {
  const timer = setTimeout(() => server.closeAllConnections?.(), 2000);
  server.close(() => {
    clearTimeout(timer);
    process.exit(0);
  });
  server.closeIdleConnections?.();
};
process.on('message', (message) => message === 'close' && stop());
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl-C reaches the whole process group: the parent stops the stack in order (handlers first)
// and then closes this process, so dynalite is not gone while the handlers still write.
process.on('SIGINT', () => undefined);
