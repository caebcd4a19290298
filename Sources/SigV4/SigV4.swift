// Module placeholder: the SigV4 signer lands here.
