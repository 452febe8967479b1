import { Global, Module } from '@nestjs/common';
import { DocumentsConfig } from '../config';
import { FsStorageDriver } from './fs.driver';
import { KeyRing } from './keys';
import { S3StorageDriver } from './s3.driver';
import { STORAGE_DRIVER, type StorageDriver } from './storage-driver';
import { StorageService } from './storage.service';

export function createStorageDriver(config: DocumentsConfig): StorageDriver {
  if (config.STORAGE_DRIVER === 's3') {
    return new S3StorageDriver({
      bucket: config.S3_BUCKET!,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      scratchDir: config.STORAGE_DIR,
    });
  }
  return new FsStorageDriver(config.STORAGE_DIR);
}

@Global()
@Module({
  providers: [
    { provide: KeyRing, inject: [DocumentsConfig], useFactory: (c: DocumentsConfig) => new KeyRing(c) },
    { provide: STORAGE_DRIVER, inject: [DocumentsConfig], useFactory: createStorageDriver },
    StorageService,
  ],
  exports: [KeyRing, STORAGE_DRIVER, StorageService],
})
export class StorageModule {}
