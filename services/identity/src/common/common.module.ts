import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ProblemLanguageInterceptor } from './problem-language.interceptor';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { SECRET_BOX_PROVIDER } from './secret-box.provider';
import { SecretBox } from './secrets';

/** The secret box for data at rest, and the interceptors that finish problems (language, Retry-After). */
@Global()
@Module({
  providers: [
    SECRET_BOX_PROVIDER,
    { provide: APP_INTERCEPTOR, useClass: ProblemLanguageInterceptor },
    { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
  ],
  exports: [SecretBox],
})
export class CommonModule {}
