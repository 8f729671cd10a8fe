// Runs one containment action in a process of its own, so that a fault test can kill the "console
// instance" in the middle of it. Arguments: the action id and the actor as JSON. Environment: the
// test's DATABASE_URL and CORDON_SECRET.
export {};

const [actionId, actorJson] = process.argv.slice(2);
const { executeAction } = await import('../../lib/containment/commands/execute-action');
await executeAction({ actionId: actionId!, skipEvidence: true, skipReason: 'fault test' }, JSON.parse(actorJson!) as { type: 'user'; id: string; label: string });
