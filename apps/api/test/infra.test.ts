import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createTestDatabase } from '@societas/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema } from '../src/env.js';
import { HSTS, servedOverHttps } from '../src/http/security-headers.js';
import { createProbeServer } from '../src/worker/probes.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Docker and Kubernetes cannot run here, so this reads the deployment files and checks that they
 * agree with the code: ports, probe paths (answered by the real server and worker probes),
 * commands (built by build.mjs), and variable names (known to env.ts and documented).
 */
const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is checked field by field below
type Doc = any;
const yamlFile = (path: string): Doc => parse(read(path), { merge: true });
const k8s = (name: string): Doc => yamlFile(`infra/k8s/${name}`);

const ENV_NAMES = new Set(Object.keys(envSchema.shape));
const DEFAULT_PORT = envSchema.shape.PORT.parse(undefined);

const dockerfile = read('infra/docker/Dockerfile');
const compose = yamlFile('infra/compose.yaml');
const apiDeployment = k8s('api-deployment.yaml');
const workerDeployment = k8s('worker-deployment.yaml');
const apiContainer = apiDeployment.spec.template.spec.containers[0];
const workerContainer = workerDeployment.spec.template.spec.containers[0];
const envValue = (container: Doc, name: string) =>
  container.env.find((e: { name: string }) => e.name === name)?.value as string | undefined;

describe('infra files agree with the code', () => {
  it('every Kubernetes file is valid YAML and listed in the kustomization', () => {
    const kustomization = k8s('kustomization.yaml');
    for (const file of kustomization.resources as string[]) {
      expect(existsSync(new URL(`infra/k8s/${file}`, ROOT)), file).toBe(true);
      const docs = parseAllDocuments(read(`infra/k8s/${file}`));
      for (const d of docs) expect(d.errors, file).toEqual([]);
      expect(docs[0]!.toJS().kind, file).toBeTruthy();
    }
  });

  it('.dockerignore keeps local installs and data out of the build context, but not the sources', () => {
    expect(existsSync(new URL('.dockerignore', ROOT))).toBe(true);
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const ignores = (name: string) =>
      patterns.some((p) => p.replace(/^\*\*\//, '').replace(/\/$/, '') === name);
    for (const name of [
      'node_modules',
      '.data',
      'dist',
      '.turbo',
      '.git',
      'test-results',
      'screenshots',
      'coverage',
    ])
      expect(ignores(name), name).toBe(true);
    // Nested copies too (apps/*/node_modules, apps/api/dist): Docker's patterns match from the root.
    expect(patterns).toContain('**/node_modules');
    expect(patterns).toContain('**/.data');
    // What the Dockerfile copies by name is still in the context.
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) {
      const source = copied[1]!;
      if (source === '.') continue;
      expect(ignores(source), source).toBe(false);
    }
    expect(compose.services.migrate.build.context).toBe('..');
  });

  it('one API port everywhere: env default, Dockerfile, Deployment, Service, compose proxy', () => {
    expect(DEFAULT_PORT).toBe(3000);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${DEFAULT_PORT}$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`PORT=${DEFAULT_PORT}\\b`));
    expect(apiContainer.ports[0].containerPort).toBe(DEFAULT_PORT);
    expect(envValue(apiContainer, 'PORT')).toBe(String(DEFAULT_PORT));
    const service = k8s('service.yaml');
    expect(service.spec.ports[0].targetPort).toBe(DEFAULT_PORT);
    expect(service.spec.selector).toEqual(apiDeployment.spec.selector.matchLabels);
    const ingress = k8s('ingress.yaml');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(service.metadata.name);
    expect(k8s('hpa.yaml').spec.scaleTargetRef.name).toBe(apiDeployment.metadata.name);
    const nginx = read('infra/nginx.conf');
    for (const replica of ['api-1', 'api-2']) {
      expect(compose.services[replica], replica).toBeDefined();
      expect(nginx).toContain(`server ${replica}:${DEFAULT_PORT};`);
    }
  });

  it('the worker probe port matches its PORT in Kubernetes and compose', () => {
    const port = Number(envValue(workerContainer, 'PORT'));
    expect(workerContainer.ports[0].containerPort).toBe(port);
    expect(workerContainer.readinessProbe.httpGet.port).toBe(workerContainer.ports[0].name);
    expect(compose.services.worker.environment.PORT).toBe(String(port));
  });

  it('API replicas leave background work to the worker', () => {
    expect(envValue(apiContainer, 'WORKER')).toBe('off');
    expect(compose.services['api-1'].environment.WORKER).toBe('off');
    expect(dockerfile).toMatch(/WORKER=off/);
  });

  it('every command runs a file that build.mjs produces', () => {
    const build = read('apps/api/build.mjs');
    const commands: string[][] = [
      apiContainer.command,
      workerContainer.command,
      k8s('migrate-job.yaml').spec.template.spec.containers[0].command,
      compose.services.worker.command,
      compose.services.migrate.command,
      JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!),
    ];
    for (const command of commands) {
      const file = command.find((part) => part.startsWith('apps/api/dist/'));
      expect(file, command.join(' ')).toBeDefined();
      const entry = file!.replace('apps/api/dist/', '').replace(/\.js$/, '');
      expect(build, `build.mjs entry "${entry}"`).toMatch(new RegExp(`\\b${entry}: 'src/[\\w-]+\\.ts'`));
    }
  });

  it('every environment variable the deployment files set is one env.ts reads', () => {
    const names = new Set<string>([
      ...Object.keys(k8s('configmap.yaml').data),
      ...Object.keys(k8s('secret.example.yaml').stringData),
      ...apiContainer.env.map((e: { name: string }) => e.name),
      ...workerContainer.env.map((e: { name: string }) => e.name),
      ...Object.keys(compose['x-app'].environment),
      ...Object.keys(compose.services.worker.environment),
      ...[...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=\S+/gm)].map((m) => m[1]!),
    ]);
    names.delete('CI');
    names.delete('TURBO_TELEMETRY_DISABLED');
    const unknown = [...names].filter((n) => !ENV_NAMES.has(n));
    expect(unknown).toEqual([]);
    expect(names.has('DATABASE_URL') && names.has('AUTH_SECRET') && names.has('PUBLIC_URL')).toBe(true);
  });

  it('nginx replaces X-Forwarded-For, so a client cannot choose the address the API sees', () => {
    const nginx = read('infra/nginx.conf');
    expect(nginx).toMatch(/^\s*proxy_set_header X-Forwarded-For \$remote_addr;$/m);
    expect(nginx).toMatch(/^\s*proxy_set_header X-Real-IP \$remote_addr;$/m);
    expect(nginx).not.toContain('$proxy_add_x_forwarded_for');
    // Trust the proxies by address, not the whole (client-writable) chain.
    expect(compose['x-app'].environment.TRUST_PROXY).toBe('uniquelocal');
    expect(k8s('configmap.yaml').data.TRUST_PROXY).toBe('uniquelocal');
  });

  it("the proxies pass the API's security headers through, and HSTS only where TLS is (ADR 016)", () => {
    const directives = (text: string) =>
      text
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean);
    const nginx = directives(read('infra/nginx.conf'));
    // add_header would send a second copy; hiding or clearing would strip the API's.
    expect(
      nginx.filter((d) => /^(add_header|proxy_hide_header|more_set_headers|more_clear_headers)\b/.test(d)),
    ).toEqual([]);
    const ingress = k8s('ingress.yaml');
    const annotations = Object.entries(ingress.metadata.annotations ?? {});
    expect(annotations.filter(([key]) => /snippet|custom-headers|hsts/.test(key))).toEqual([]);
    expect(
      annotations.filter(([, value]) =>
        /content-security-policy|strict-transport-security|permissions-policy/i.test(String(value)),
      ),
    ).toEqual([]);
    // The compose stack is plain http behind nginx: the API sends no HSTS there. Kubernetes
    // terminates TLS at the ingress: the API sends it, with ingress-nginx's default value.
    const composeEnv = compose['x-app'].environment;
    expect(composeEnv.PUBLIC_URL).toMatch(/^http:\/\/localhost:8080$/);
    expect(nginx).toContain('listen 8080;');
    expect(
      servedOverHttps({
        isProduction: composeEnv.NODE_ENV === 'production',
        PUBLIC_URL: composeEnv.PUBLIC_URL,
      }),
    ).toBe(false);
    const k8sUrl = k8s('configmap.yaml').data.PUBLIC_URL;
    expect(ingress.spec.tls[0].hosts).toContain(new URL(k8sUrl).hostname);
    expect(
      servedOverHttps({
        isProduction: k8s('configmap.yaml').data.NODE_ENV === 'production',
        PUBLIC_URL: k8sUrl,
      }),
    ).toBe(true);
    expect(HSTS).toEqual({ maxAge: 31_536_000, includeSubDomains: true, preload: false });
  });

  it('`npm run dev` (turbo, strict env mode) passes every variable env.ts reads to the API', () => {
    const turbo = JSON.parse(read('turbo.json'));
    expect([...turbo.tasks.dev.passThroughEnv].sort()).toEqual([...ENV_NAMES].sort());
  });

  it('docs/operations.md documents exactly the variables env.ts reads', () => {
    const doc = read('docs/operations.md');
    const table = doc.slice(doc.indexOf('## Environment variables'), doc.indexOf('## Deploying'));
    const documented = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]!));
    expect([...documented].sort()).toEqual([...ENV_NAMES].sort());
  });
});

describe('probe paths in the manifests are answered', () => {
  let app: TestApp;
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  let probes: ReturnType<typeof createProbeServer>;
  let probesUrl: string;
  beforeAll(async () => {
    app = await startTestApp();
    handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    probes = createProbeServer(handle.db);
    await new Promise<void>((resolve) => probes.listen(0, '127.0.0.1', resolve));
    probesUrl = `http://127.0.0.1:${(probes.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    probes.close();
    await handle.close();
    await app.close();
  });

  it('by the API (Kubernetes probes and compose health checks)', async () => {
    const paths = [
      apiContainer.readinessProbe.httpGet.path,
      apiContainer.livenessProbe.httpGet.path,
      ...['api-1', 'api-2'].map(
        (s) => compose.services[s].healthcheck.test.join(' ').match(/:3000(\/\w+)/)![1],
      ),
      dockerfile.match(/\+'(\/\w+)'/)![1],
    ];
    expect(new Set(paths)).toEqual(new Set(['/ready', '/health']));
    for (const path of paths) expect((await fetch(`${app.baseUrl}${path}`)).status, path).toBe(200);
  });

  it('by the worker', async () => {
    for (const path of [
      workerContainer.readinessProbe.httpGet.path,
      workerContainer.livenessProbe.httpGet.path,
    ]) {
      expect((await fetch(`${probesUrl}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${probesUrl}/nope`)).status).toBe(404);
  });
});
