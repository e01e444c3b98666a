// Reads a JSON array of cases from stdin — {identityPolicies: [policy...], principal, action, resource,
// accountId} — and prints one line per case: the decision of @cloud-copilot/iam-simulate, an
// independent implementation of IAM's policy evaluation logic
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// Allowed, ExplicitlyDenied, ImplicitlyDenied, or "error <message>" when it refuses the case.
import { runSimulation } from '@cloud-copilot/iam-simulate';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
const out = [];
for (const c of cases) {
  const response = await runSimulation({
    identityPolicies: c.identityPolicies.map((policy, i) => ({ name: 'p' + i, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    request: {
      action: c.action,
      principal: c.principal,
      resource: { accountId: c.accountId, resource: c.resource },
      contextVariables: {},
    },
  }, {});
  if (response.resultType === 'error') {
    out.push('error ' + JSON.stringify(response.errors).replace(/\s+/g, ' '));
  } else {
    out.push(response.overallResult);
  }
}
process.stdout.write(out.join('\n') + '\n');
