"""Storage backends of :class:`api.storage.blobstore.BlobStore`: local disk and S3-compatible."""
