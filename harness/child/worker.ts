/**
 * Child process entry (forked by GpuRunner with `--import tsx`). The backend is created on the first request,
 * 'init', which names it. The worker exits when its parent disconnects, so it cannot outlive the parent
 * unless stuck inside a driver call (then the parent's SIGKILL ends it).
 */
import { createBackend } from '../backends/create.ts';
import { WorkerService } from './service.ts';
import type { Request, Response } from './protocol.ts';
import { errorMessage } from '../../src/errors.ts';

let service: WorkerService | null = null;

const reply = (res: Response): void => {
  process.send?.(res);
};

process.on('disconnect', () => process.exit(0));
process.on('message', (msg: Request) => {
  void (async () => {
    if (msg.op === 'init' && service === null) {
      try {
        service = new WorkerService(await createBackend(msg.backend));
      } catch (e) {
        reply({ id: msg.id, ok: false, error: { name: 'BackendError', message: errorMessage(e) } });
        return;
      }
    }
    if (service === null) {
      reply({ id: msg.id, ok: false, error: { name: 'Error', message: `worker received '${msg.op}' before 'init'` } });
      return;
    }
    const res = await service.handle(msg);
    reply(res);
    if (msg.op === 'close') process.disconnect();
  })();
});
