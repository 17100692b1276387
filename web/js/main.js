Y.start();
