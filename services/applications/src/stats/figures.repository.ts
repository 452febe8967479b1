import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationsConfig } from '../config';

/**
 * The anonymised figures GET /transparency publishes and GET /services/{id} shows. No figure is computed
 * from fewer than TRANSPARENCY_MIN_CASES cases, so nobody can be singled out.
 */
@Injectable()
export class FiguresRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
  ) {}

  get minCases(): number {
    return this.config.TRANSPARENCY_MIN_CASES;
  }

  /** Median calendar days from first submission to decision per service over the last 90 days. */
  async processingMedians(
    now: Date,
    serviceId?: string,
  ): Promise<Map<string, { days: number; cases: number }>> {
    const rows = await this.dataSource.query<{ service_id: string; cases: number; median: number }[]>(
      `SELECT service_id, count(*)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - first_submitted_at) / 86400) AS median
       FROM applications
       WHERE status IN ('approved', 'rejected') AND decided_at >= $1::timestamptz - interval '90 days'
         AND decided_at <= $1 AND first_submitted_at IS NOT NULL AND ($2::uuid IS NULL OR service_id = $2)
       GROUP BY service_id`,
      [now.toISOString(), serviceId ?? null],
    );
    const result = new Map<string, { days: number; cases: number }>();
    for (const row of rows) {
      if (row.cases >= this.minCases) {
        result.set(row.service_id, { days: Math.round(Number(row.median) * 10) / 10, cases: row.cases });
      }
    }
    return result;
  }
}
