import { expect } from 'chai';
import { UsageError } from '../../cli/commands.js';
import { explainCommand } from '../../cli/explain.js';
import { load } from '../../cli/yaml-loader.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).to.be.instanceOf(Error);
  return outcome as Error;
}

describe('dog-app-mesh commands (in-process): usage errors as a caller sees them', function () {
  this.timeout(30_000);

  it("points a bad explain option to explain's own help", async () => {
    const err = await rejection(explainCommand(['--frobnicate', 'dist/dog-app.k8s.yaml'], { write: () => undefined }));
    expect(err.message).to.equal("unknown option '--frobnicate'. Run 'dog-app-mesh explain --help' for the options.");
  });

  it('names the error UsageError when printed, for callers of load() that log it', async () => {
    const err = await rejection(load(['no-such-file.yaml']));
    expect(err).to.be.instanceOf(UsageError);
    expect(String(err)).to.equal("UsageError: cannot read 'no-such-file.yaml': no such file or directory");
  });
});
