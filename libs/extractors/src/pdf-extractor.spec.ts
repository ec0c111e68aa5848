import { PDF_EMBEDDING_INDEX, pdfExtractor as pdfExtractorOf, pdfPages } from './pdf-extractor';
import { ExtractorRuntime } from './runtime';
import { handWrittenPdf } from '@strata/testing';

describe('pdf_extractor@v1', () => {
  const runtime = new ExtractorRuntime();
  const pdfExtractor = pdfExtractorOf(runtime);
  const pdf = handWrittenPdf(['Harbour lights at dusk. Ships wait (quietly).', 'Second page about lighthouses.']);

  it('reads the text of each page of a hand-written PDF', async () => {
    const pages = await pdfPages(runtime.isolation, pdf);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Harbour lights at dusk.');
    expect(pages[0]).toContain('(quietly)');
    expect(pages[1]).toContain('Second page about lighthouses.');
  });

  it('chunks and embeds each page; page and chunk are the position', async () => {
    const params = pdfExtractor.parseParameters({ split_by: 'sentences', chunk_size: 1, embedding: { dimensions: 64 } });
    const [result] = await pdfExtractor.run([{ itemId: 'obj_pdf', values: { pdf } }], params);
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.documents.map((d) => [d.position, d.payload['page_number'], d.payload['chunk_index']])).toEqual([
      ['p1.c0', 1, 0],
      ['p1.c1', 1, 1],
      ['p2.c0', 2, 0],
    ]);
    expect(result.documents[2]?.payload).toMatchObject({ page_count: 2, text: 'Second page about lighthouses.' });
    expect(result.documents[0]?.vectors[PDF_EMBEDDING_INDEX]).toHaveLength(64);
    expect(pdfExtractor.vectorIndexes(params)).toEqual([{ name: PDF_EMBEDDING_INDEX, dimensions: 64, distance: 'cosine' }]);
  });

  it('fails an unreadable or truncated PDF as validation/parse_pdf, per item', async () => {
    const params = pdfExtractor.parseParameters({});
    const results = await pdfExtractor.run(
      [
        { itemId: 'junk', values: { pdf: Buffer.from('%PDF-1.4 nonsense') } },
        { itemId: 'cut', values: { pdf: pdf.subarray(0, 40) } },
        { itemId: 'text', values: { pdf: 'not bytes' } },
        { itemId: 'good', values: { pdf } },
      ],
      params,
    );
    expect(results.map((r) => (r.ok ? 'ok' : `${r.error.category}/${r.error.stage}`))).toEqual([
      'validation/parse_pdf',
      'validation/parse_pdf',
      'validation/resolve_inputs',
      'ok',
    ]);
  });
});
