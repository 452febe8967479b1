import { request as httpRequest, type IncomingMessage } from 'node:http';
import { defined } from '@buergeramt/testing';

/** A display client: collects the raw SSE text of one connection. */
export class DisplayClient {
  text = '';
  private response: IncomingMessage | null = null;

  static open(port: number, locationId: string, lastEventId?: string): Promise<DisplayClient> {
    const client = new DisplayClient();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/locations/${locationId}/display`,
          headers: lastEventId ? { 'last-event-id': lastEventId } : {},
        },
        (res) => {
          client.response = res;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (client.text += chunk));
          resolve(client);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  get contentType(): string | undefined {
    return this.response?.headers['content-type'];
  }

  /** `{id, number, counter}` of every call event received so far. */
  calls(): { id: string; number: string; counter: string; recall: boolean }[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.includes('event: call'))
      .map((block) => {
        const id = defined(/^id: (.+)$/m.exec(block)?.[1], 'the id of a call event');
        const data = JSON.parse(defined(/^data: (.+)$/m.exec(block)?.[1], 'the data of a call event')) as {
          number: string;
          counter: string;
          recall: boolean;
        };
        return { id, ...data };
      });
  }

  close(): void {
    this.response?.destroy();
  }
}
