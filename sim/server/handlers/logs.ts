import { K } from '../../api/known-types.js';
import type { ResourceType } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import type { Pod } from '../../api/types.js';
import { formatLines } from '../../logs/log-service.js';
import type { LogLine, LogService } from '../../logs/log-service.js';
import { boolParam, intParam } from '../http-util.js';
import type { RequestContext } from '../request-context.js';

/** GET pods/{name}/log with container, tailLines, sinceSeconds/sinceTime, timestamps, limitBytes, previous, follow. */
export function makeLogHandler(logs: LogService) {
  return (rc: RequestContext, _type: ResourceType): void => {
    const res = rc.res;
    if (!res) return;
    const url = rc.url;
    const pod = rc.sim.registry.get(K.Pod, rc.namespace, rc.info.name as string) as Pod;
    const container = logs.resolveContainer(pod, url.searchParams.get('container'));
    const previous = boolParam(url, 'previous');
    const follow = boolParam(url, 'follow') && !previous;
    const timestamps = boolParam(url, 'timestamps');
    const tailLines = intParam(url, 'tailLines');
    const sinceSeconds = intParam(url, 'sinceSeconds');
    const sinceTime = url.searchParams.get('sinceTime');
    if (sinceSeconds !== undefined && sinceTime) throw errors.badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    if (tailLines !== undefined && tailLines < 0) throw errors.badRequest('tailLines: Invalid value: must be greater than or equal to 0');
    const limitBytes = intParam(url, 'limitBytes');
    if (limitBytes !== undefined && limitBytes < 1) throw errors.badRequest('limitBytes: Invalid value: must be greater than 0');

    let lines: LogLine[] = logs.lines(pod, container, previous);
    const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
    if (since !== undefined) lines = lines.filter((l) => l.timeMs >= since);
    if (tailLines !== undefined) lines = tailLines === 0 ? [] : lines.slice(-tailLines);

    let budget = limitBytes ?? Number.POSITIVE_INFINITY;
    const emit = (text: string): boolean => {
      if (budget <= 0) return false;
      const bytes = Buffer.from(text);
      const chunk = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
      budget -= chunk.length;
      res.write(chunk);
      return budget > 0;
    };

    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    const more = emit(formatLines(lines, timestamps));
    if (!follow || !more) {
      res.end();
      rc.responseCode = 200;
      rc.complete();
      return;
    }
    rc.started(200);
    let lastSent = lines.length > 0 ? (lines[lines.length - 1] as LogLine).timeMs : Date.now();
    const timer = setInterval(() => {
      const current = rc.sim.store.get(K.Pod, pod.metadata.namespace, pod.metadata.name) as Pod | undefined;
      if (!current || current.metadata.uid !== pod.metadata.uid) {
        finish();
        return;
      }
      let fresh: LogLine[];
      try {
        fresh = logs.lines(current, container, false).filter((l) => l.timeMs > lastSent);
      } catch {
        finish();
        return;
      }
      if (fresh.length === 0) return;
      lastSent = (fresh[fresh.length - 1] as LogLine).timeMs;
      if (!emit(formatLines(fresh, timestamps))) finish();
    }, Math.min(1000, logs.periodRealMs));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(timer);
      unregister();
      if (!res.writableEnded) res.end();
      rc.complete();
    };
    const unregister = rc.sim.streams.add(() => {
      finish();
      res.socket?.destroy();
    });
    res.on('close', finish);
  };
}
