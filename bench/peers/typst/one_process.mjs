// Compiles records with Typst as a library, every document in one process: the side of the
// benchmark that is Typst 0.14 (npm @myriaddreamin/typst-ts-node-compiler 0.7), which the CLI
// of Typst 0.10 cannot be. Run by run.py, timed there as one whole process.
//
//   node one_process.mjs NODE_MODULES WORKSPACE FONTS OUT MODULE FUNCTION RECORD...
//
// Each RECORD (a path under WORKSPACE) is set by FUNCTION of WORKSPACE/MODULE into
// OUT/<its name>.pdf; a document that does not compile stops the run with Typst's diagnostics.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [modules, workspace, fonts, out, module, fn, ...records] = process.argv.slice(2);
if (!records.length) {
    console.error('usage: node one_process.mjs NODE_MODULES WORKSPACE FONTS OUT MODULE FUNCTION RECORD...');
    process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'package.json'));
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontPaths: [fonts] }] });
fs.mkdirSync(out, { recursive: true });
for (const record of records) {
    const main = `#import "/${module}": ${fn}\n#${fn}(xml("/${record}"))\n`;
    const compiled = compiler.compile({ mainFileContent: main });
    if (!compiled.result) {
        console.error(`${record}: Typst did not compile it`);
        compiled.printDiagnostics();
        process.exit(1);
    }
    const name = path.basename(record).replace(/\.xml$/, '.pdf');
    fs.writeFileSync(path.join(out, name), compiler.pdf(compiled.result));
}
