import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock } from './clock';
import { ProblemLanguageInterceptor } from './problem-language.interceptor';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { SECRET_BOX_PROVIDER } from './secret-box.provider';
import { SecretBox } from './secrets';

/** The clock, the secret box for data at rest, and the interceptors that finish problems (language, Retry-After). */
@Global()
@Module({
  providers: [
    Clock,
    SECRET_BOX_PROVIDER,
    { provide: APP_INTERCEPTOR, useClass: ProblemLanguageInterceptor },
    { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
  ],
  exports: [Clock, SecretBox],
})
export class CommonModule {}
